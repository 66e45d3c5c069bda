//! The query service's one error type and its mapping to gRPC status codes.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid {field}: {reason}")]
    InvalidArgument { field: &'static str, reason: String },
    #[error("{0} not found")]
    NotFound(String),
    #[error("storage: {0}")]
    Storage(#[from] sled::Error),
    #[error("alert log: {0}")]
    Log(#[from] brink_common::log::LogError),
    #[error("stored record is corrupt: {0}")]
    Corrupt(#[from] prost::DecodeError),
    #[error("stored {0} is corrupt")]
    CorruptIndex(&'static str),
    #[error("store layout {found} is not {expected}: rebuild it from the analysis log")]
    Layout { found: u64, expected: u64 },
    #[error("serve: {0}")]
    Serve(#[from] brink_common::server::ServeError),
    #[error("{0}")]
    Auth(#[from] brink_common::auth::AuthError),
    #[error("{0}")]
    Tls(#[from] brink_common::tls::TlsError),
    #[error("search index: {0}")]
    Search(#[from] tantivy::TantivyError),
    #[error("search thread: {0}")]
    Thread(#[from] tokio::task::JoinError),
}

impl Error {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidArgument {
            field,
            reason: reason.into(),
        }
    }
}

/// The record's own fault, which applying it again cannot mend.
impl brink_common::follow::Poison for Error {
    fn is_poison(&self) -> bool {
        matches!(self, Error::InvalidArgument { .. } | Error::NotFound(_))
    }
}

impl From<sled::transaction::TransactionError<Error>> for Error {
    fn from(error: sled::transaction::TransactionError<Error>) -> Self {
        match error {
            sled::transaction::TransactionError::Abort(error) => error,
            sled::transaction::TransactionError::Storage(error) => Error::Storage(error),
        }
    }
}

/// An enum number the request's enum does not define is an invalid argument naming it.
impl From<brink_proto::UnknownEnumValue> for Error {
    fn from(unknown: brink_proto::UnknownEnumValue) -> Error {
        Error::InvalidArgument {
            field: unknown.field,
            reason: format!("unknown value {}", unknown.value),
        }
    }
}

impl From<Error> for tonic::Status {
    fn from(error: Error) -> Self {
        match &error {
            Error::InvalidArgument { .. } => tonic::Status::invalid_argument(error.to_string()),
            Error::NotFound(_) => tonic::Status::not_found(error.to_string()),
            Error::Log(brink_common::log::LogError::PastHead { .. }) => {
                tonic::Status::out_of_range(error.to_string())
            }
            Error::Storage(_)
            | Error::Log(_)
            | Error::Corrupt(_)
            | Error::CorruptIndex(_)
            | Error::Layout { .. }
            | Error::Serve(_)
            | Error::Auth(_)
            | Error::Tls(_)
            | Error::Search(_)
            | Error::Thread(_) => {
                tracing::error!(%error, "query request failed");
                tonic::Status::internal(error.to_string())
            }
        }
    }
}

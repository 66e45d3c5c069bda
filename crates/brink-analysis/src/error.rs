//! The analysis service's one error type and its mapping to gRPC statuses.

use tonic::Status;

use brink_nlp::DictionaryError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("storage: {0}")]
    Storage(#[from] sled::Error),
    #[error("change log: {0}")]
    Log(#[from] brink_common::log::LogError),
    #[error("stored record is corrupt: {0}")]
    Corrupt(#[from] prost::DecodeError),
    #[error("dictionaries: {0}")]
    Dictionary(#[from] DictionaryError),
    #[error("invalid {field}: {reason}")]
    InvalidArgument { field: &'static str, reason: String },
    #[error("{0} not found")]
    NotFound(String),
    #[error("server: {0}")]
    Serve(#[from] brink_common::server::ServeError),
    #[error("{0}")]
    Auth(#[from] brink_common::auth::AuthError),
    #[error("{0}")]
    Tls(#[from] brink_common::tls::TlsError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("analysis task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl From<sled::transaction::TransactionError<Error>> for Error {
    fn from(error: sled::transaction::TransactionError<Error>) -> Self {
        match error {
            sled::transaction::TransactionError::Abort(error) => error,
            sled::transaction::TransactionError::Storage(error) => Error::Storage(error),
        }
    }
}

impl From<Error> for Status {
    fn from(error: Error) -> Self {
        match &error {
            Error::InvalidArgument { .. } => Status::invalid_argument(error.to_string()),
            Error::NotFound(_) => Status::not_found(error.to_string()),
            Error::Log(brink_common::log::LogError::PastHead { .. }) => {
                Status::out_of_range(error.to_string())
            }
            _ => {
                tracing::error!(%error, "internal error");
                Status::internal(error.to_string())
            }
        }
    }
}

/// The article's own fault, which analysing it again cannot mend: an entry without its
/// article, or an analysis that panicked.
impl brink_common::follow::Poison for Error {
    fn is_poison(&self) -> bool {
        match self {
            Error::NotFound(_) | Error::InvalidArgument { .. } => true,
            Error::Task(error) => error.is_panic(),
            _ => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

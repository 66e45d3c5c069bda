use brink_common::log::LogError;
use brink_common::server::ServeError;
use tonic::{Code, Status};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request field is missing, malformed or over its limit; `field` is the request field.
    #[error("invalid {field}: {reason}")]
    InvalidArgument { field: &'static str, reason: String },
    #[error("article {0} not found")]
    NotFound(String),
    #[error("storage: {0}")]
    Storage(#[from] sled::Error),
    #[error("{0}")]
    Log(#[from] LogError),
    #[error("stored article at offset {offset} is corrupt: {reason}")]
    Corrupt { offset: u64, reason: String },
    #[error("the writer has stopped")]
    WriterStopped,
    #[error("cannot make the write durable: {0}")]
    Durability(String),
    #[error("cannot open data dir {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Serve(#[from] ServeError),
    #[error("{0}")]
    Auth(#[from] brink_common::auth::AuthError),
    #[error("{0}")]
    Tls(#[from] brink_common::tls::TlsError),
    #[error("preparing the article failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidArgument {
            field,
            reason: reason.into(),
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

impl From<Error> for Status {
    fn from(error: Error) -> Status {
        let code = match &error {
            Error::InvalidArgument { .. } => Code::InvalidArgument,
            Error::NotFound(_) => Code::NotFound,
            Error::WriterStopped => Code::Unavailable,
            Error::Log(LogError::PastHead { .. }) => Code::OutOfRange,
            Error::Storage(_)
            | Error::Durability(_)
            | Error::Log(_)
            | Error::Corrupt { .. }
            | Error::DataDir { .. }
            | Error::Serve(_)
            | Error::Auth(_)
            | Error::Tls(_)
            | Error::Task(_) => Code::Internal,
        };
        if code == Code::Internal {
            tracing::error!(%error, "request failed");
        }
        Status::new(code, error.to_string())
    }
}

//! The client side: a token kept out of logs, and the interceptor every Brink client sends it
//! with.

use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::Interceptor;

use super::AuthError;

/// A token or a list of them, as configured; `Debug` does not show it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Secret {
        Secret(text)
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Secret {
        Secret(text.to_owned())
    }
}

/// Client interceptor of every Brink client: sends the token, when there is one, as
/// `authorization: Bearer …`, and the current trace context as `traceparent`.
#[derive(Clone, Default)]
pub struct Bearer {
    header: Option<MetadataValue<Ascii>>,
}

impl std::fmt::Debug for Bearer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token = if self.header.is_some() {
            "Some(..)"
        } else {
            "None"
        };
        write!(f, "Bearer({token})")
    }
}

impl Bearer {
    /// Sends `token`; none, or an empty one, sends nothing.
    pub fn new(token: Option<&Secret>) -> Result<Bearer, AuthError> {
        let Some(token) = token.map(|t| t.expose().trim()).filter(|t| !t.is_empty()) else {
            return Ok(Bearer::default());
        };
        let mut header = MetadataValue::try_from(format!("Bearer {token}"))
            .map_err(|e| AuthError::Credential(e.to_string()))?;
        header.set_sensitive(true);
        Ok(Bearer {
            header: Some(header),
        })
    }
}

impl Bearer {
    /// The `authorization` header value sent, if any.
    pub(crate) fn header(&self) -> Option<http::HeaderValue> {
        let header = self.header.as_ref()?;
        let mut value = http::HeaderValue::from_bytes(header.as_bytes()).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

impl Interceptor for Bearer {
    fn call(&mut self, request: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        let mut request = crate::telemetry::propagate(request)?;
        if let Some(header) = &self.header {
            request
                .metadata_mut()
                .insert("authorization", header.clone());
        }
        Ok(request)
    }
}

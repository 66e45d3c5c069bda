//! The tower layer of the shared server stack that checks every gRPC call's token before any
//! handler runs, so a refused call costs no decoding and no work.

use std::sync::Arc;
use std::task::{Context, Poll};

use futures::future::{Either, Ready, ready};

use super::Tokens;
use super::methods::{self, Rule};

#[derive(Debug, Clone, Default)]
pub struct AuthLayer {
    tokens: Arc<Tokens>,
}

impl AuthLayer {
    pub fn new(tokens: Arc<Tokens>) -> AuthLayer {
        AuthLayer { tokens }
    }
}

impl<S> tower::Layer<S> for AuthLayer {
    type Service = Authorized<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Authorized {
            inner,
            tokens: self.tokens.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Authorized<S> {
    inner: S,
    tokens: Arc<Tokens>,
}

type Reply = http::Response<tonic::body::Body>;

impl<S, ReqBody> tower::Service<http::Request<ReqBody>> for Authorized<S>
where
    S: tower::Service<http::Request<ReqBody>, Response = Reply>,
{
    type Response = Reply;
    type Error = S::Error;
    type Future = Either<Ready<Result<Reply, S::Error>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        if self.tokens.is_empty() {
            return Either::Right(self.inner.call(request));
        }
        let path = request.uri().path();
        let what = format!("method {}", path.strip_prefix('/').unwrap_or(path));
        let checked = match methods::rule(path) {
            Some(Rule::Open) => Ok(()),
            Some(Rule::Needs(scope)) => self.tokens.check(request.headers(), scope, &what),
            None => Err(self.tokens.refuse(request.headers(), &what)),
        };
        match checked {
            Ok(()) => Either::Right(self.inner.call(request)),
            Err(denied) => Either::Left(ready(Ok(tonic::Status::from(denied).into_http()))),
        }
    }
}

//! What every client command needs: the service endpoints, the token, TLS and how to print
//! results.

use brink_common::auth::{Bearer, Credential};
use brink_common::tls::{ClientTls, Connector};
use brink_proto::v1::analysis_service_client::AnalysisServiceClient;
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use brink_proto::v1::query_service_client::QueryServiceClient;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

/// A connection that sends the command's token (and trace context) with every call.
pub type Authed = InterceptedService<Channel, Bearer>;

/// Endpoints and output options shared by all client commands.
#[derive(Debug, Clone, clap::Args)]
pub struct Context {
    /// Ingest service endpoint.
    #[arg(
        long,
        global = true,
        env = "BRINK_INGEST_URL",
        default_value = "http://127.0.0.1:50051"
    )]
    pub ingest_url: String,
    /// Analysis service endpoint.
    #[arg(
        long,
        global = true,
        env = "BRINK_ANALYSIS_URL",
        default_value = "http://127.0.0.1:50052"
    )]
    pub analysis_url: String,
    /// Query service endpoint.
    #[arg(
        long,
        global = true,
        env = "BRINK_QUERY_URL",
        default_value = "http://127.0.0.1:50053"
    )]
    pub query_url: String,
    /// Print the proto3 JSON mapping, one document per line, instead of human output.
    #[arg(long, global = true)]
    pub json: bool,
    /// Largest gRPC message sent or received; the services' own setting of the same name.
    #[arg(
        long,
        global = true,
        env = "BRINK_MAX_MESSAGE_BYTES",
        default_value_t = brink_common::server::DEFAULT_MAX_MESSAGE_BYTES
    )]
    pub max_message_bytes: usize,
    #[command(flatten)]
    pub credential: Credential,
    #[command(flatten)]
    pub tls: ClientTls,
}

impl Context {
    pub async fn ingest(&self) -> anyhow::Result<IngestServiceClient<Authed>> {
        Ok(
            IngestServiceClient::new(self.authed(&self.ingest_url).await?)
                .max_decoding_message_size(self.max_message_bytes)
                .max_encoding_message_size(self.max_message_bytes),
        )
    }

    pub async fn analysis(&self) -> anyhow::Result<AnalysisServiceClient<Authed>> {
        Ok(
            AnalysisServiceClient::new(self.authed(&self.analysis_url).await?)
                .max_decoding_message_size(self.max_message_bytes)
                .max_encoding_message_size(self.max_message_bytes),
        )
    }

    pub async fn query(&self) -> anyhow::Result<QueryServiceClient<Authed>> {
        Ok(QueryServiceClient::new(self.authed(&self.query_url).await?)
            .max_decoding_message_size(self.max_message_bytes)
            .max_encoding_message_size(self.max_message_bytes))
    }

    /// A connection to `url`, over TLS when a CA is configured, that sends the command's
    /// token.
    pub async fn authed(&self, url: &str) -> anyhow::Result<Authed> {
        Ok(InterceptedService::new(
            connect(&self.tls.load()?, url).await?,
            self.credential.bearer()?,
        ))
    }

    /// Prints one message as a proto3 JSON line, printable.
    pub fn print_json<M: prost::Message>(
        &self,
        full_name: &str,
        message: &M,
    ) -> anyhow::Result<()> {
        let json = brink_proto::json::to_json(full_name, message)?;
        println!("{}", crate::render::printable_json(&json));
        Ok(())
    }
}

pub async fn connect(connector: &Connector, url: &str) -> anyhow::Result<Channel> {
    let endpoint = connector
        .endpoint(url)?
        .connect_timeout(std::time::Duration::from_secs(3));
    endpoint
        .connect()
        .await
        .map_err(|e| anyhow::anyhow!("cannot reach {url}: {e}"))
}

//! Brink's protobuf contracts: generated messages, gRPC clients and servers, the encoded file
//! descriptor set (for server reflection and proto3 JSON output) and edge conversions.

pub mod json;
pub mod time;

#[allow(clippy::all, missing_docs)]
pub mod v1 {
    tonic::include_proto!("brink.v1");
}

/// Encoded `FileDescriptorSet` of every Brink proto, including imported well-known types.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/brink_descriptor.bin"));

/// The request paths of a Brink gRPC service's methods ("/brink.v1.IngestService/GetStatus");
/// none for a name Brink does not define.
pub fn method_paths(service: &str) -> Vec<String> {
    json::pool()
        .get_service_by_name(service)
        .map(|s| {
            s.methods()
                .map(|m| format!("/{service}/{}", m.name()))
                .collect()
        })
        .unwrap_or_default()
}

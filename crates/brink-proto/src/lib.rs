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

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

/// A request field holding a number its enum does not define: the caller's error, where
/// prost's getters would quietly read it as the enum's default.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: unknown value {value}")]
pub struct UnknownEnumValue {
    /// The request field, as its path in the request ("filter.actor_role").
    pub field: &'static str,
    pub value: i32,
}

/// The enum value that `value`, read from request field `field`, stands for.
pub fn known<E: TryFrom<i32>>(field: &'static str, value: i32) -> Result<E, UnknownEnumValue> {
    E::try_from(value).map_err(|_| UnknownEnumValue { field, value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undefined_enum_number_names_field_and_value() {
        let known: Result<v1::QuadClass, _> = known("filter.quad_classes", 4);
        assert_eq!(known, Ok(v1::QuadClass::MaterialConflict));
        let unknown = super::known::<v1::QuadClass>("filter.quad_classes", 42);
        assert_eq!(
            unknown.map_err(|e| e.to_string()),
            Err("filter.quad_classes: unknown value 42".to_owned())
        );
    }
}

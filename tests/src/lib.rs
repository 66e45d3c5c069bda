//! Sandbox that starts real Brink services on ephemeral ports for cross-service tests.

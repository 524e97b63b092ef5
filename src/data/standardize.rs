//! Standardization. Placeholder.

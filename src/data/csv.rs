//! CSV. Placeholder.

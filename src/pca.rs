//! PCA. Placeholder.

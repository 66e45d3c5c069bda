//! Reading articles from files and stdin.

//! Brink's analysis service. The NLP core turns article text into actors, quotes, coded events,
//! tone, dates and places, knowing nothing of gRPC or storage.

pub mod model;

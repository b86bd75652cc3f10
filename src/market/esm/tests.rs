//! Golden wire tests, parser fuzzing and sample-answer parsing for the ESM adapter.

//! Unit tests of the Crossmall wire format.

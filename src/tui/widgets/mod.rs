//! Widgets with state of their own.

pub mod shop_form;

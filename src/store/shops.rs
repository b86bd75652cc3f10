//! Shops in the store.

use super::{decode_in, encode_value, keys, Store, StoreError};
use crate::domain::{Shop, ShopName};

impl Store {
    /// Adds a new shop; a name already taken is a conflict.
    pub fn add_shop(&self, shop: &Shop) -> Result<(), StoreError> {
        let key = keys::shop(&shop.name);
        let value = encode_value(shop)?;
        self.shops
            .compare_and_swap(key, None as Option<&[u8]>, Some(value))?
            .map_err(|_| StoreError::Conflict(format!("a shop named `{}` already exists", shop.name)))?;
        self.shops.flush()?;
        Ok(())
    }

    /// Replaces a shop's record (options, health, credentials).
    pub fn put_shop(&self, shop: &Shop) -> Result<(), StoreError> {
        self.shops.insert(keys::shop(&shop.name), encode_value(shop)?)?;
        Ok(())
    }

    /// One shop by name.
    pub fn get_shop(&self, name: &ShopName) -> Result<Option<Shop>, StoreError> {
        self.shops
            .get(keys::shop(name))?
            .map(|v| decode_in("shops", &v))
            .transpose()
    }

    /// All shops, by name.
    pub fn list_shops(&self) -> Result<Vec<Shop>, StoreError> {
        self.shops
            .iter()
            .values()
            .map(|v| decode_in("shops", &v?))
            .collect()
    }

    /// Removes a shop's record. Its orders stay (history is never thrown away with a shop);
    /// registering the same name again reattaches them.
    pub fn remove_shop(&self, name: &ShopName) -> Result<Option<Shop>, StoreError> {
        let old = self.shops.remove(keys::shop(name))?;
        self.shops.flush()?;
        old.map(|v| decode_in("shops", &v)).transpose()
    }
}

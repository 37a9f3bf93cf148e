"""Assessment items: model, loader/validator, scoring and the kernel-free quiz renderer."""

from sudjustice.items.load import load_bank, load_formative
from sudjustice.items.model import Bank, Item, ItemType
from sudjustice.items.scoring import score_item

__all__ = ["Bank", "Item", "ItemType", "load_bank", "load_formative", "score_item"]

"""Label placement for the library's files: :mod:`probisnis.layout.labels`, re-exported.

The layout clears colliding flow labels itself (its last pass); the files with spots
that need a particular order (subprocess maps, loops beside the way out) still call
:func:`place_labels` on top.
"""

from probisnis.layout.labels import clear_collisions, colliding_labels, label_box, place_labels

__all__ = ["clear_collisions", "colliding_labels", "label_box", "place_labels"]

"""Pure computations (no Django): code resolution, indices, measures."""

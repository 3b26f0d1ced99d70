"""Analysis of model output: the measures registry, inequality measures and statistics."""

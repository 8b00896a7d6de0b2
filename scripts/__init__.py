"""Developer scripts: running the stack, training, evaluation and benchmarks."""

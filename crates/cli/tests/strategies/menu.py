def sample(rng):
    return rng(42)

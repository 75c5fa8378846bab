def sample(rng) return 1

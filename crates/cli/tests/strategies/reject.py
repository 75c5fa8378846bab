def sample(rng):
    while True:
        v = 2 * rng(41) + rng(2)
        if v < 42:
            return v

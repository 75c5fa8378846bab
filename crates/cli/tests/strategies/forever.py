def sample(rng):
    r = rng(2)
    while r == 1:
        pass
    return r

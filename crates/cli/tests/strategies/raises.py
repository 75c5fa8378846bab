def sample(rng):
    r = rng(41)
    if r == 40:
        raise ValueError("no plan for 40")
    return r

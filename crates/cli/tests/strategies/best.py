def sample(rng):
    r = rng(41)
    if r < 21:
        return r + 21 * rng(2)
    if r < 35:
        return (r - 21) + 14 * rng(3)
    return (r - 35) + 6 * rng(7)

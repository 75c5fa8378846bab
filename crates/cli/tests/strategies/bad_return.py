def sample(rng):
    # the 7-block's outputs run past 41
    r = rng(41)
    if r < 21:
        return r + 21 * rng(2)
    if r < 34:
        return (r - 21) + 14 * rng(3)
    return (r - 34) + 6 * rng(7)

def sample(rng):
    # 1/2 + 1/3 + 1/7 = 41/42, so 21 outcomes for a 2-call, 14 for a 3-call, 7 for a 7-call;
    # but that is 42 outcomes of 41: here the 3-block lost one (21 + 13 + 7).
    r = rng(41)
    if r < 21:
        return r + 21 * rng(2)
    if r < 34:
        return (r - 21) + 14 * rng(3)
    return ((r - 34) + 6 * rng(7)) % 42

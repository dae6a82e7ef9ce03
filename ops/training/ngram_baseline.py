"""Interpolated Kneser-Ney n-gram baseline over the same token windows as the transformer.

It exists to prove that the neural model learned more than local token statistics: both are
scored on the same held-out targets (positions >= PREFIX_LEN, pad excluded) in nats per token.
History never crosses a window boundary, exactly like the transformer's context.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Dict, List, Sequence, Tuple

from leadsheet import PREFIX_LEN


class KneserNey:
    def __init__(self, order: int, vocab_size: int):
        self.n = order
        self.V = vocab_size
        # counts[k][ctx][w]: raw counts for the top order, continuation counts below it.
        self.raw: List[Dict[tuple, Dict[int, int]]] = [defaultdict(lambda: defaultdict(int)) for _ in range(order + 1)]
        self.cont: List[Dict[tuple, Dict[int, int]]] = [defaultdict(lambda: defaultdict(int)) for _ in range(order + 1)]
        self.D: List[float] = [0.75] * (order + 1)

    def fit(self, seqs: Sequence[Sequence[int]]) -> "KneserNey":
        seen = [set() for _ in range(self.n + 1)]
        for s in seqs:
            for i in range(1, len(s)):
                w = s[i]
                for k in range(1, self.n + 1):  # k = n-gram length
                    if i - (k - 1) < 0:
                        break
                    ctx = tuple(s[i - k + 1:i])
                    self.raw[k][ctx][w] += 1
                    # Continuation count: number of distinct left extensions of (ctx, w).
                    if i - k >= 0:
                        key = (s[i - k],) + ctx + (w,)
                        if key not in seen[k]:
                            seen[k].add(key)
                            self.cont[k][ctx][w] += 1
                    else:
                        # Window start: no left context, so the raw event is its own continuation.
                        key = ("<s>",) + ctx + (w,)
                        if key not in seen[k]:
                            seen[k].add(key)
                            self.cont[k][ctx][w] += 1
        for k in range(1, self.n + 1):
            n1 = n2 = 0
            for table in (self.raw[k] if k == self.n else self.cont[k]).values():
                for c in table.values():
                    if c == 1:
                        n1 += 1
                    elif c == 2:
                        n2 += 1
            self.D[k] = n1 / (n1 + 2 * n2) if n1 + 2 * n2 > 0 else 0.75
        self._cache = {}
        for k in range(1, self.n + 1):
            for tables in (self.raw[k], self.cont[k]):
                for ctx, t in tables.items():
                    t_tot = sum(t.values())
                    self._cache[(id(tables), ctx)] = (t_tot, len(t))
        return self

    def _stats(self, tables, ctx):
        return self._cache.get((id(tables), ctx), (0, 0))

    def prob(self, ctx: Tuple[int, ...], w: int, top: bool = True) -> float:
        k = len(ctx) + 1
        if k == 0:
            return 1.0 / self.V
        tables = self.raw[k] if top else self.cont[k]
        lower = self.prob(ctx[1:], w, top=False) if k > 1 else 1.0 / self.V
        t = tables.get(ctx)
        if not t:
            return lower
        tot, types = self._stats(tables, ctx)
        c = t.get(w, 0)
        D = self.D[k]
        return (max(c - D, 0.0) + D * types * lower) / tot

    def nll(self, seqs: Sequence[Sequence[int]], pad: int = 0) -> Tuple[float, int]:
        total, count = 0.0, 0
        for s in seqs:
            for i in range(PREFIX_LEN, len(s)):
                if s[i] == pad:
                    continue
                ctx = tuple(s[max(0, i - self.n + 1):i])
                # At window start the history is shorter; the top order used is then len(ctx)+1,
                # and that order's raw counts include the window-start events.
                total -= math.log(max(self.prob(ctx, s[i], top=True), 1e-12))
                count += 1
        return total / max(count, 1), count


def best_ngram(train: Sequence[Sequence[int]], held: Sequence[Sequence[int]], vocab_size: int,
               orders=(3, 4, 5), log=print):
    best = None
    results = {}
    for n in orders:
        lm = KneserNey(n, vocab_size).fit(train)
        loss, cnt = lm.nll(held)
        results[n] = loss
        log(f"  {n}-gram KN held-out loss {loss:.4f} nats/token over {cnt} tokens")
        if best is None or loss < best[1]:
            best = (n, loss)
    return best[0], best[1], results

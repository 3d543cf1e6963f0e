"""CR2 cluster-robust errors by hand, for tests: full matrices, as the papers write them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import scipy.linalg


def cr2_by_hand(y, x, clusters) -> tuple[float, float]:
    """CR2 se and Bell-McCaffrey df of the slope of y on [1, x] (Pustejovsky and Tipton 2018):
    V = W (sum_g X_g' A_g e_g e_g' A_g X_g) W with A_g the inverse of scipy's matrix square
    root of I - H_gg; df = tr(M)^2 / tr(M^2), M = C C', row g of C = ((I - H) a_g)' with a_g
    = A_g X_g W (0, 1) placed on cluster g's rows."""
    y, x = np.asarray(y, float), np.asarray(x, float)
    clusters = np.asarray(pd.Series(list(clusters)).astype(str))
    n = len(y)
    X = np.column_stack([np.ones(n), x])
    W = np.linalg.inv(X.T @ X)
    e = y - X @ (W @ (X.T @ y))
    meat, rows = np.zeros((2, 2)), []
    for g in pd.unique(clusters):
        i = clusters == g
        H = X[i] @ W @ X[i].T
        A = np.linalg.pinv(scipy.linalg.sqrtm(np.eye(i.sum()) - H).real)
        u = X[i].T @ A @ e[i]
        meat += np.outer(u, u)
        column = np.zeros(n)
        column[i] = A @ X[i] @ W @ [0.0, 1.0]
        rows.append(column - X @ (W @ (X.T @ column)))
    V = W @ meat @ W
    C = np.array(rows)
    M = C @ C.T
    return math.sqrt(V[1, 1]), float(np.trace(M) ** 2 / np.trace(M @ M))

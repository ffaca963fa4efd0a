"""What the LIF equation predicts without simulating: the rheobase and the firing rate."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array
from mlwiki.lif.model import _check_params

__all__ = ["rheobase", "firing_rate"]


def rheobase(params) -> float:
    """Smallest constant current (nA) the neuron fires for: ``(v_th - e_l) / r_m``.

    The steady state under constant input is ``e_l + r_m I``; only above ``v_th`` is
    threshold reached.  At exactly the rheobase ``V`` approaches threshold without
    ever reaching it, so the neuron fires for currents strictly above this value.
    """
    params = _check_params(params)
    return (params.v_th - params.e_l) / params.r_m


def firing_rate(params, current):
    """Closed-form firing rate (Hz) under constant current.

    Starting from ``v_reset`` after the refractory period, ``V`` reaches ``v_th`` after
    ``tau_m ln((V_inf - v_reset) / (V_inf - v_th))`` with ``V_inf = e_l + r_m I``, so the
    period is ``T = t_ref + tau_m ln(...)`` (ms) and the rate ``1000 / T``; at or below
    the rheobase it is 0.

    Parameters
    ----------
    params : LIFParams
    current : float or array-like of any shape
        Constant input current(s), nA.

    Returns
    -------
    float or ndarray of the same shape as ``current``
        Firing rate(s), Hz.
    """
    params = _check_params(params)
    current = _check_finite_array("current", current, dtype=float)
    v_inf = params.e_l + params.r_m * current
    rate = np.zeros(current.shape)
    fires = v_inf > params.v_th
    ratio = (v_inf[fires] - params.v_reset) / (v_inf[fires] - params.v_th)
    rate[fires] = 1000.0 / (params.t_ref + params.tau_m * np.log(ratio))
    return float(rate) if rate.ndim == 0 else rate

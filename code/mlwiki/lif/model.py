"""The leaky integrate-and-fire neuron and its exact simulation.

The membrane potential ``V`` (mV) relaxes towards the leak reversal potential ``E_L`` and is
pushed up by an input current ``I`` (nA) through the membrane resistance ``R`` (MOhm;
MOhm x nA = mV)::

    tau_m dV/dt = -(V - E_L) + R I(t)

When ``V`` reaches the threshold ``V_th`` the neuron emits a spike, ``V`` is set to ``V_reset``
and held there for an absolute refractory period ``t_ref`` (ms).

Between spikes, and for an input held constant over a step, the equation has the exact
solution ``V(t + h) = V_inf + (V(t) - V_inf) exp(-h / tau_m)`` with ``V_inf = E_L + R I``.
:func:`simulate` uses it (exponential Euler, exact for piecewise-constant input) and, when a
step would carry ``V`` past threshold, inverts it to find the crossing time inside the step.
Spike times are therefore not rounded to the time grid; ``dt`` only sets how finely the voltage
trace is sampled and how finely a time-varying input is resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive

__all__ = ["LIFParams", "LIFResult", "simulate", "simulate_batch"]


@dataclass(frozen=True)
class LIFParams:
    """Parameters of a leaky integrate-and-fire neuron (validated on creation).

    Attributes
    ----------
    tau_m : float
        Membrane time constant, ms (> 0).
    r_m : float
        Membrane resistance, MOhm (> 0).  With currents in nA, ``r_m * I`` is in mV.
    e_l : float
        Leak (resting) potential, mV.
    v_th : float
        Spike threshold, mV.
    v_reset : float
        Potential right after a spike, mV (must be below ``v_th``).
    t_ref : float
        Absolute refractory period, ms (>= 0): ``V`` stays at ``v_reset`` this long
        after each spike.
    """

    tau_m: float = 10.0
    r_m: float = 10.0
    e_l: float = -65.0
    v_th: float = -50.0
    v_reset: float = -65.0
    t_ref: float = 2.0

    def __post_init__(self):
        _check_positive("tau_m", self.tau_m)
        _check_positive("r_m", self.r_m)
        _check_positive("t_ref", self.t_ref, allow_zero=True)
        for name in ("e_l", "v_th", "v_reset"):
            _check_finite_scalar(name, getattr(self, name))
        if self.v_reset >= self.v_th:
            raise ValueError(
                f"v_reset must be below v_th ({self.v_th} mV), got {self.v_reset} mV"
            )


@dataclass(frozen=True)
class LIFResult:
    """One simulated neuron.

    Attributes
    ----------
    time : ndarray of shape (n_steps + 1,)
        Sample times, ms (``0, dt, ..., n_steps * dt``).
    voltage : ndarray of shape (n_steps + 1,)
        Membrane potential at each sample time, mV.
    spike_times : ndarray of shape (n_spikes,)
        Threshold-crossing times, ms, located inside the step (not rounded to the grid).
    current : ndarray of shape (n_steps,)
        Input current held during each step ``[time[k], time[k + 1])``, nA.
    """

    time: np.ndarray
    voltage: np.ndarray
    spike_times: np.ndarray
    current: np.ndarray

    @property
    def mean_rate(self) -> float:
        """Steady firing rate in Hz: ``1000 / mean inter-spike interval`` (ms -> s).

        The interval before the first spike depends on the initial potential, so it is
        left out; with fewer than two spikes there is no interval and the rate is 0.
        """
        if self.spike_times.size < 2:
            return 0.0
        mean_isi = (self.spike_times[-1] - self.spike_times[0]) / (self.spike_times.size - 1)
        return 1000.0 / mean_isi


def _check_finite_scalar(name, value) -> float:
    arr = _check_finite_array(name, value, ndim=0, dtype=float)
    return float(arr)


def _time_grid(duration, dt, tau_m):
    duration = _check_positive("duration", duration)
    dt = _check_positive("dt", dt)
    # The exact update makes dt irrelevant for accuracy between spikes, but the trace is
    # sampled (and time-varying input held constant) at dt: coarser than tau_m / 10 and
    # the picture no longer shows the membrane's relaxation.
    if dt > tau_m / 10:
        raise ValueError(f"dt must be <= tau_m / 10 = {tau_m / 10} ms, got {dt} ms")
    n_steps = int(round(duration / dt))
    if n_steps < 1:
        raise ValueError(f"duration must be at least one step dt = {dt} ms, got {duration} ms")
    return dt, n_steps


def _integrate(params, current, dt, v_init):
    """Advance ``n_neurons`` independent neurons; loop over time, vectorised over neurons.

    current : ndarray of shape (n_steps, n_neurons), nA.  Returns voltage of shape
    (n_steps + 1, n_neurons) and one list of spike times (ms) per neuron.
    """
    n_steps, n_neurons = current.shape
    p = params
    voltage = np.empty((n_steps + 1, n_neurons))
    v = np.full(n_neurons, v_init, dtype=float)
    voltage[0] = v
    # Time at which each neuron's refractory period ends (no spike yet: -inf).
    free_from = np.full(n_neurons, -np.inf)
    spikes = [[] for _ in range(n_neurons)]
    for k in range(n_steps):
        t_start, t_end = k * dt, (k + 1) * dt
        v_inf = p.e_l + p.r_m * current[k]
        # Free evolution starts at the step start, or later if still refractory.
        t_now = np.maximum(t_start, free_from)
        # A neuron can cross threshold only if it is driven above it; more than one
        # crossing per step is possible for strong input, hence the loop.
        while True:
            can_cross = (t_now < t_end) & (v_inf > p.v_th)
            idx = np.flatnonzero(can_cross)
            if idx.size == 0:
                break
            ratio = (v_inf[idx] - v[idx]) / (v_inf[idx] - p.v_th)
            # Rounding can leave v a hair above threshold (ratio just below 1): fire at once.
            t_cross = t_now[idx] + p.tau_m * np.log(np.maximum(ratio, 1.0))
            fired = t_cross <= t_end
            if not np.any(fired):
                break
            idx, t_cross = idx[fired], t_cross[fired]
            for i, t in zip(idx, t_cross):
                spikes[i].append(float(t))
            v[idx] = p.v_reset
            free_from[idx] = t_cross + p.t_ref
            t_now[idx] = free_from[idx]
        evolving = t_now < t_end
        h = t_end - t_now[evolving]
        v[evolving] = v_inf[evolving] + (v[evolving] - v_inf[evolving]) * np.exp(-h / p.tau_m)
        voltage[k + 1] = v
    return voltage, spikes


def _check_params(params):
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be an LIFParams, got {type(params).__name__}")
    return params


def _check_v_init(params, v_init):
    if v_init is None:
        # At rest, unless rest is at or above threshold (a neuron that fires on its own):
        # then start from the reset potential, as just after a spike.
        return params.e_l if params.e_l < params.v_th else params.v_reset
    v_init = _check_finite_scalar("v_init", v_init)
    if v_init >= params.v_th:
        raise ValueError(f"v_init must be below v_th ({params.v_th} mV), got {v_init} mV")
    return v_init


def simulate(params, current, duration, dt=0.1, *, v_init=None) -> LIFResult:
    """Simulate one LIF neuron driven by a constant or time-varying current.

    Parameters
    ----------
    params : LIFParams
    current : float or array-like of shape (n_steps,)
        Input current in nA: one value for the whole run, or one value per step
        (held constant over ``[k dt, (k + 1) dt)``), ``n_steps = round(duration / dt)``.
    duration : float
        Simulated time, ms.
    dt : float
        Sampling step, ms (at most ``tau_m / 10``).
    v_init : float, optional
        Initial potential, mV (below ``v_th``); defaults to ``params.e_l``, or to
        ``params.v_reset`` when the resting potential is not below threshold.

    Returns
    -------
    LIFResult
    """
    params = _check_params(params)
    dt, n_steps = _time_grid(duration, dt, params.tau_m)
    v_init = _check_v_init(params, v_init)
    current = _check_finite_array("current", current, dtype=float)
    if current.ndim == 0:
        current = np.full(n_steps, float(current))
    elif current.shape != (n_steps,):
        raise ValueError(
            f"current must be a number or have shape (n_steps,) = ({n_steps},) "
            f"for duration {duration} ms and dt {dt} ms, got shape {current.shape}"
        )
    voltage, spikes = _integrate(params, current[:, None], dt, v_init)
    return LIFResult(
        time=np.arange(n_steps + 1) * dt,
        voltage=voltage[:, 0],
        spike_times=np.asarray(spikes[0], dtype=float),
        current=current.copy(),
    )


def simulate_batch(params, currents, duration, dt=0.1, *, v_init=None) -> list[LIFResult]:
    """Simulate one neuron per constant current, all at once (vectorised over currents).

    Parameters
    ----------
    params : LIFParams
    currents : array-like of shape (n_neurons,)
        Constant input current of each neuron, nA.
    duration, dt, v_init
        As in :func:`simulate`.

    Returns
    -------
    list of LIFResult, length n_neurons
    """
    params = _check_params(params)
    dt, n_steps = _time_grid(duration, dt, params.tau_m)
    v_init = _check_v_init(params, v_init)
    currents = _check_finite_array("currents", currents, ndim=1, dtype=float)
    if currents.size == 0:
        raise ValueError("currents must contain at least one current")
    drive = np.broadcast_to(currents, (n_steps, currents.size))
    voltage, spikes = _integrate(params, drive, dt, v_init)
    time = np.arange(n_steps + 1) * dt
    return [
        LIFResult(
            time=time,
            voltage=voltage[:, i],
            spike_times=np.asarray(spikes[i], dtype=float),
            current=np.full(n_steps, currents[i]),
        )
        for i in range(currents.size)
    ]

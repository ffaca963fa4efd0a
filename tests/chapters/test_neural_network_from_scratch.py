"""Claims of chapters/neural-network-from-scratch.qmd, read from the executed page."""

import numpy as np
from scipy import ndimage

PROBE = """{
    'shapes': {name: list(shape) for name, shape in shapes.items()},
    'batch': batch, 'n_in': n_in, 'n_out': n_out,
    'loss_before': float(loss_before),
    'loss_after': float(loss_after),
    'final_accuracy': float(final_accuracy),
    'probabilities': probabilities.tolist(),
    'labels': y.ravel().tolist(),
    'loss_first': float(history.loss[0]),
    'loss_last': float(history.loss[-1]),
    'n_epochs_recorded': len(history.loss),
    'epochs': epochs,
    'centre_logit': centre_logit,
    'grid_class1': (model.predict(np.stack(np.meshgrid(np.linspace(-0.5, 1.5, 81),
                                                       np.linspace(-0.5, 1.5, 81)), axis=-1).reshape(-1, 2))
                    .reshape(81, 81) > 0).tolist(),
    'layer_kinds': [type(layer).__name__ for layer in model.layers],
}"""


def _markdown_outputs(cell_run):
    texts = []
    for output in cell_run.outputs:
        data = output.get("data", {})
        texts.append(data.get("text/markdown", "") + output.get("text", ""))
    return "".join(texts)


def test_neural_network_from_scratch_claims(run_page):
    run = run_page("chapters/neural-network-from-scratch.qmd", probe=PROBE)
    p = run.probe
    for label in ("fig-nn-xor-loss", "fig-nn-xor-boundary"):
        assert len(run.cell(label).figures) == 1, label

    # The shape table: dE/dW like W, dE/db like b, dE/dx like x.
    s, b, i, o = p["shapes"], p["batch"], p["n_in"], p["n_out"]
    assert s["input $x$"] == [b, i] and s["output $y$"] == [b, o]
    assert s[r"$\partial E/\partial W$"] == s["weights $W$"] == [i, o]
    assert s[r"$\partial E/\partial b$"] == s["bias $b$"] == [o]
    assert s[r"$\partial E/\partial x$"] == [b, i]
    assert "| array | shape |" in _markdown_outputs(run.cell("tbl-dense-shapes"))

    # One hand-made SGD step lowers the loss.
    assert p["loss_after"] < p["loss_before"]

    # XOR solved: 100% accuracy, every probability on the right side of 0.5 by a margin.
    assert p["layer_kinds"] == ["Dense", "Tanh", "Dense"]
    assert p["final_accuracy"] == 1.0
    for prob, label in zip(p["probabilities"], p["labels"]):
        assert (prob < 0.1) if label == 0 else (prob > 0.9)
    assert p["n_epochs_recorded"] == p["epochs"]
    assert p["loss_last"] < 0.05 * p["loss_first"]

    # The regions as described, over the plotted square [-0.5, 1.5]^2 (row = x2, column = x1):
    # two separate class-1 pieces, each holding one class-1 corner; one class-0 piece holding
    # both class-0 corners and the centre.
    grid = np.array(p["grid_class1"])
    ones, n_ones = ndimage.label(grid)
    zeros, n_zeros = ndimage.label(~grid)
    assert n_ones == 2 and n_zeros == 1

    def cell(x1, x2):  # grid index of a point of the square (spacing 0.025)
        return round((x2 + 0.5) / 0.025), round((x1 + 0.5) / 0.025)

    assert {ones[cell(0, 1)], ones[cell(1, 0)]} == {1, 2}
    assert zeros[cell(0, 0)] == zeros[cell(1, 1)] == zeros[cell(0.5, 0.5)] == 1
    assert p["centre_logit"] < 0

def test_page_shows_real_library_source(run_page):
    run = run_page("chapters/neural-network-from-scratch.qmd", probe=PROBE)
    shown = "".join(_markdown_outputs(c) for c in run.cells)
    for snippet in ("class Layer", "class Dense(Layer)", "self._x.T @ grad", "grad.sum(axis=0)",
                    "class Tanh(", "class MeanSquaredError"):
        assert snippet in shown, snippet

"""The transformer benchmark: its PyTorch twin computes what mlwiki computes, and it runs end to end."""

import importlib.util
import math
import re
from pathlib import Path

import numpy as np
import torch

from mlwiki import nn
from mlwiki.transformer import reversal_data

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "transformer_vs_torch.py"
SUMMARY = re.compile(r"^summary: transformer_speedup_vs_torch=(\S+) transformer_accuracy=(\S+)$")


def _load_script():
    spec = importlib.util.spec_from_file_location("transformer_vs_torch_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_torch_twin_matches_forward_and_every_gradient():
    bench = _load_script()
    model = bench.build_model(0, dtype=np.float64)
    net = bench.torch_model(model)
    inputs, targets = reversal_data(5, bench.LENGTH, bench.N_SYMBOLS, rng=np.random.default_rng(1))
    one_hot = nn.one_hot(targets.reshape(-1), bench.N_TOKENS).reshape(5, bench.LENGTH, bench.N_TOKENS)
    loss = nn.CategoricalCrossEntropy(from_logits=True)
    logits = model.forward(inputs)
    value, gradient = loss.value_and_gradient(logits, one_hot)
    model.zero_grad()
    model.backward(gradient, input_gradient=False)

    torch_logits = net(torch.from_numpy(inputs))
    torch_loss = torch.nn.functional.cross_entropy(torch_logits.reshape(-1, bench.N_TOKENS),
                                                   torch.from_numpy(targets).reshape(-1))
    torch_loss.backward()
    np.testing.assert_allclose(logits, torch_logits.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert value == torch_loss.item() or math.isclose(value, torch_loss.item(), rel_tol=1e-12)
    embedding, _, attention_block, feed_forward_block, _, final_norm, output = model.layers
    pairs = [
        (embedding.grads["weights"], net.embedding.weight.grad),
        (attention_block.grads["1.qkv_weights"], net.attentions[0].in_proj_weight.grad.T),
        (attention_block.grads["1.output_weights"], net.attentions[0].out_proj.weight.grad.T),
        (attention_block.grads["0.gamma"], net.attention_norms[0].weight.grad),
        (feed_forward_block.grads["1.weights"], net.feed_forwards[0][0].weight.grad.T),
        (feed_forward_block.grads["3.bias"], net.feed_forwards[0][2].bias.grad),
        (final_norm.grads["beta"], net.final_norm.bias.grad),
        (output.grads["weights"], net.output.weight.grad.T),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-9, atol=1e-12)
    assert sum(p.numel() for p in net.parameters()) == model.n_parameters()


def test_quick_run_prints_summary_line(capsys):
    threads = torch.get_num_threads()
    try:
        result = _load_script().main(["--quick", "--epochs", "1"])
    finally:
        torch.set_num_threads(threads)  # the benchmark pins torch to one thread
    lines = capsys.readouterr().out.strip().splitlines()
    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    speedup, accuracy = (float(v) for v in match.groups())
    assert speedup > 0 and abs(result["transformer_speedup_vs_torch"] - speedup) < 0.01
    assert 0 <= accuracy <= 1 and abs(result["transformer_accuracy"] - accuracy) < 1e-4
    assert result["mlwiki_seconds_per_epoch"] > 0 and result["torch_seconds_per_epoch"] > 0
    assert any(line.startswith("mlwiki float32") for line in lines)
    assert any(line.startswith("torch float32, 1 thread") for line in lines)


def test_quick_run_without_torch(capsys):
    result = _load_script().main(["--quick", "--epochs", "1", "--no-torch"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert SUMMARY.match(last) and math.isnan(result["transformer_speedup_vs_torch"])

"""Neural networks from scratch, one readable piece per module.

Layers (forward/backward, parameters and gradients side by side), losses,
optimizers, a training loop and gradient checking -- all NumPy, all batched,
all randomness from an explicit ``numpy.random.Generator``::

    from mlwiki import nn
    rng = np.random.default_rng(0)
    model = nn.Sequential([nn.Dense(2, 4, rng=rng), nn.Tanh(), nn.Dense(4, 1, rng=rng)])
    history = nn.fit(model, nn.BinaryCrossEntropy(from_logits=True), nn.Adam(0.05),
                     x, y, epochs=500, rng=rng)
"""

from mlwiki.nn.activations import ReLU, Sigmoid, Softmax, Tanh, log_sigmoid, log_softmax, sigmoid, softmax
from mlwiki.nn.adapter import Adapter
from mlwiki.nn.attention import MultiHeadAttention, causal_mask, scaled_dot_product_attention
from mlwiki.nn.conv import Conv2D, conv_output_size, correlate2d_full, correlate2d_valid
from mlwiki.nn.conv_plain import PlainConv2D
from mlwiki.nn.cost import LayerCost, multiply_adds
from mlwiki.nn.curvature import flat_gradient, hessian_vector_product, largest_hessian_eigenvalue
from mlwiki.nn.dense import Dense
from mlwiki.nn.dropout import Dropout
from mlwiki.nn.embedding import Embedding
from mlwiki.nn.freezing import ParameterCount, count_parameters, freeze, unfreeze
from mlwiki.nn.gradcheck import (
    check_layer_gradients,
    check_loss_gradient,
    difference_errors,
    loglog_slope,
    numerical_gradient,
    relative_error,
)
from mlwiki.nn.gradient_flow import dense_stack, weight_gradient_norms
from mlwiki.nn.gru import GRU
from mlwiki.nn.initialization import activation_std_by_depth, init_std
from mlwiki.nn.layer import Layer
from mlwiki.nn.losses import BinaryCrossEntropy, CategoricalCrossEntropy, MeanSquaredError, one_hot
from mlwiki.nn.models import digits_cnn, digits_mlp, tiny_transformer
from mlwiki.nn.normalization import LayerNorm
from mlwiki.nn.optimizers import Adam, Momentum, NAdam, SGD
from mlwiki.nn.pooling import MaxPool2D
from mlwiki.nn.positional import PositionalEncoding, sinusoidal_positional_encoding
from mlwiki.nn.prompt import SoftPrompt
from mlwiki.nn.recurrent import state_gradient_norms
from mlwiki.nn.reshape import Flatten, Reshape
from mlwiki.nn.residual import Residual
from mlwiki.nn.rnn import RNN
from mlwiki.nn.schedules import CosineDecay, StepDecay
from mlwiki.nn.sequential import Sequential
from mlwiki.nn.slicing import LastPositions
from mlwiki.nn.sweep import SweepResult, learning_rate_sweep
from mlwiki.nn.training import History, accuracy, evaluate, fit

__all__ = [
    "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "Softmax", "Flatten", "Reshape", "Conv2D",
    "MaxPool2D", "correlate2d_valid", "correlate2d_full", "conv_output_size", "RNN", "GRU",
    "state_gradient_norms", "Embedding", "PositionalEncoding", "sinusoidal_positional_encoding",
    "MultiHeadAttention", "scaled_dot_product_attention", "causal_mask", "LayerNorm", "Residual",
    "LastPositions", "Sequential", "fit", "History", "accuracy", "digits_cnn", "tiny_transformer",
    "MeanSquaredError", "BinaryCrossEntropy", "CategoricalCrossEntropy", "one_hot", "SGD",
    "Momentum", "Adam", "NAdam", "sigmoid", "log_sigmoid", "softmax", "log_softmax",
    "numerical_gradient", "relative_error", "check_layer_gradients", "check_loss_gradient",
    "freeze", "unfreeze", "count_parameters", "ParameterCount", "Adapter", "SoftPrompt",
    "PlainConv2D", "Dropout", "init_std", "activation_std_by_depth", "evaluate", "digits_mlp",
    "StepDecay", "CosineDecay", "learning_rate_sweep", "SweepResult", "difference_errors",
    "loglog_slope", "multiply_adds", "LayerCost", "dense_stack", "weight_gradient_norms",
    "flat_gradient", "hessian_vector_product", "largest_hessian_eigenvalue",
]

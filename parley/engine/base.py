"""What every estimator shares, as in scikit-learn: parameters read from the constructor's signature,
`get_params(deep=True)` with nested `step__param` keys, `set_params`, and `clone`."""

from __future__ import annotations

import copy
import inspect
from typing import Any, Self


class Estimator:
    """An estimator stores its constructor's arguments unchanged, as attributes of the same names;
    what `fit` learns ends in `_`."""

    @classmethod
    def _param_names(cls) -> list[str]:
        parameters = inspect.signature(cls.__init__).parameters
        return sorted(name for name, p in parameters.items() if name != "self" and p.kind is p.POSITIONAL_OR_KEYWORD)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters; with DEEP, those of nested estimators too, as `name__param`."""
        params: dict[str, Any] = {}
        for name in self._param_names():
            value = getattr(self, name)
            params[name] = value
            if deep and isinstance(value, Estimator):
                params.update((f"{name}__{key}", inner) for key, inner in value.get_params(deep=True).items())
        return params

    def set_params(self, **params: Any) -> Self:
        """Set parameters, nested ones as `name__param`; an unknown name is a ValueError."""
        valid = self._param_names()
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _sep, inner = key.partition("__")
            if name not in valid:
                raise ValueError(f"{type(self).__name__} has no parameter {name!r} (it has {', '.join(valid)})")
            if inner:
                nested.setdefault(name, {})[inner] = value
            else:
                setattr(self, name, value)
        for name, inner_params in nested.items():
            estimator = getattr(self, name)
            if not isinstance(estimator, Estimator):
                raise ValueError(f"{type(self).__name__}.{name} is not an estimator: cannot set {inner_params}")
            estimator.set_params(**inner_params)
        return self

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.get_params(deep=False).items())
        return f"{type(self).__name__}({shown})"


def clone(estimator: Any) -> Any:
    """A new, unfitted estimator with the same parameters (nested estimators cloned too)."""
    if not isinstance(estimator, Estimator):
        return copy.deepcopy(estimator)
    params = {name: clone(value) for name, value in estimator.get_params(deep=False).items()}
    return type(estimator)(**params)

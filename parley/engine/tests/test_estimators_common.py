"""Every estimator behaves like a scikit-learn estimator."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from parley.engine.bridging import BridgingALS
from parley.engine.clusters import PolisClusterer
from parley.engine.matrix import VoteMatrix
from parley.engine.opinion import OpinionMapper
from parley.engine.pca import PolisPCA

ESTIMATORS = [PolisPCA, PolisClusterer, OpinionMapper, BridgingALS]
BAD_PARAMETER = {
    PolisPCA: {"n_components": 0},
    PolisClusterer: {"max_groups": 1},
    OpinionMapper: {"min_votes": -1},
    BridgingALS: {"factor_reg": -0.5},
}


def training_data(estimator, conversation):
    matrix = VoteMatrix.from_table(conversation.votes)
    if isinstance(estimator, PolisClusterer):
        return PolisPCA().fit(matrix).transform(matrix)
    return matrix


def fitted_attributes(estimator) -> dict:
    return {k: v for k, v in vars(estimator).items() if k.endswith("_")}


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_init_stores_every_parameter_unchanged_and_nothing_else(cls):
    parameters = inspect.signature(cls).parameters
    estimator = cls(**{name: p.default for name, p in parameters.items()})
    assert vars(estimator) == {name: p.default for name, p in parameters.items()}


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_fit_returns_the_estimator_and_adds_only_underscored_attributes(cls, balanced):
    estimator = cls()
    before = set(vars(estimator))
    assert estimator.fit(training_data(estimator, balanced)) is estimator
    added = set(vars(estimator)) - before
    assert added and all(name.endswith("_") for name in added)


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_bad_parameters_are_rejected_by_fit_not_by_init(cls, balanced):
    estimator = cls(**BAD_PARAMETER[cls])
    with pytest.raises(ValueError):
        estimator.fit(training_data(estimator, balanced))


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_fitting_twice_with_one_random_state_gives_identical_results(cls, balanced):
    first = cls(random_state=7).fit(training_data(cls(), balanced))
    second = cls(random_state=7).fit(training_data(cls(), balanced))
    a, b = fitted_attributes(first), fitted_attributes(second)
    assert a.keys() == b.keys()
    for name in a:
        left, right = a[name], b[name]
        if isinstance(left, np.ndarray):
            assert np.array_equal(left, right, equal_nan=True), name
        elif hasattr(left, "__dataclass_fields__"):
            assert repr(left) == repr(right), name
        else:
            assert left == right, name


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_get_params_reads_the_constructor_and_set_params_round_trips(cls):
    estimator = cls()
    names = sorted(n for n in inspect.signature(cls).parameters)
    assert sorted(estimator.get_params(deep=False)) == names
    params = estimator.get_params(deep=False)
    assert cls().set_params(**params).get_params(deep=False) == params
    with pytest.raises(ValueError, match="no parameter"):
        estimator.set_params(no_such_parameter=1)


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_a_clone_has_the_same_parameters_and_nothing_fitted(cls, balanced):
    from parley.engine.base import clone

    fitted = cls(random_state=3).fit(training_data(cls(), balanced))
    copied = clone(fitted)
    assert type(copied) is cls and copied is not fitted
    assert copied.get_params() == fitted.get_params()
    assert fitted_attributes(copied) == {}


def test_the_opinion_mapper_is_composed_of_estimators_with_nested_parameters(balanced):
    mapper = OpinionMapper(pca=PolisPCA(n_components=2), clusterer=PolisClusterer(max_groups=4), min_votes=5)
    params = mapper.get_params(deep=True)
    assert params["pca__n_components"] == 2 and params["clusterer__max_groups"] == 4 and params["min_votes"] == 5
    mapper.set_params(pca__n_components=3, clusterer__max_groups=3)
    assert mapper.pca is not None and mapper.clusterer is not None
    assert (mapper.pca.n_components, mapper.clusterer.max_groups) == (3, 3)
    with pytest.raises(ValueError, match="not an estimator"):
        OpinionMapper().set_params(pca__n_components=3)  # None stands for the default: nothing to set
    # The defaults spelled out give the same map as the defaults left None, and publish the same parameters.
    matrix = VoteMatrix.from_table(balanced.votes)
    implicit = OpinionMapper().fit(matrix)
    explicit = OpinionMapper(pca=PolisPCA(random_state=0), clusterer=PolisClusterer(random_state=0)).fit(matrix)
    assert np.array_equal(implicit.map_.participant_positions, explicit.map_.participant_positions)
    assert np.array_equal(implicit.map_.groups, explicit.map_.groups)
    assert implicit.published_params() == explicit.published_params()
    assert OpinionMapper(clusterer=PolisClusterer(max_groups=3)).published_params()["max_groups"] == 3

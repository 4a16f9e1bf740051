package io.quantlab.discretize;

import io.quantlab.quant.Rounding;

/** The lab's names for the core's rounding modes. */
public enum RoundingOption implements Named {
    HALF_EVEN("half-even", "nearest, ties to even", Rounding.HALF_TO_EVEN),
    HALF_AWAY("half-away", "nearest, ties away from 0", Rounding.HALF_AWAY_FROM_ZERO),
    FLOOR("floor", "floor (toward −∞)", Rounding.FLOOR),
    STOCHASTIC("stochastic", "stochastic", Rounding.STOCHASTIC);

    private final Names names;
    private final Rounding rounding;

    RoundingOption(String label, String title, Rounding rounding) {
        this.names = new Names(label, title);
        this.rounding = rounding;
    }

    @Override
    public Names names() {
        return names;
    }

    public Rounding rounding() {
        return rounding;
    }
}

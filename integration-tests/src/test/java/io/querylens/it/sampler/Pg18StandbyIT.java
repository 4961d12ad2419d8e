package io.querylens.it.sampler;

class Pg18StandbyIT extends StandbySuite {

  @Override
  int major() {
    return 18;
  }
}

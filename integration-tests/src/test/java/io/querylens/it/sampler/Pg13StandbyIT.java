package io.querylens.it.sampler;

class Pg13StandbyIT extends StandbySuite {

  @Override
  int major() {
    return 13;
  }
}

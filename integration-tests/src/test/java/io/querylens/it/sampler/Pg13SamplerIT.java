package io.querylens.it.sampler;

class Pg13SamplerIT extends SamplerSuite {

  @Override
  int major() {
    return 13;
  }
}

package io.querylens.it.sampler;

class Pg18SamplerIT extends SamplerSuite {

  @Override
  int major() {
    return 18;
  }
}

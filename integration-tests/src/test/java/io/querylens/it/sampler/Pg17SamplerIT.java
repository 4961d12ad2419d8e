package io.querylens.it.sampler;

class Pg17SamplerIT extends SamplerSuite {

  @Override
  int major() {
    return 17;
  }
}

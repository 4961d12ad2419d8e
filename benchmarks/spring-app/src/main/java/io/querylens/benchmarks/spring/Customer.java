package io.querylens.benchmarks.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Customer {

  @Id private Long id;

  private String email;

  private String country;

  protected Customer() {}

  Customer(Long id, String email, String country) {
    this.id = id;
    this.email = email;
    this.country = country;
  }

  public Long getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public String getCountry() {
    return country;
  }
}

package com.example.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Customer {

  @Id private Long id;
  private String name;

  protected Customer() {}

  public Customer(Long id, String name) {
    this.id = id;
    this.name = name;
  }

  public String getName() {
    return name;
  }
}

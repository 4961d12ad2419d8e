package com.example.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class PurchaseOrder {

  @Id private Long id;
  private String status;

  @ManyToOne(fetch = FetchType.LAZY)
  private Customer customer;

  protected PurchaseOrder() {}

  public PurchaseOrder(Long id, String status, Customer customer) {
    this.id = id;
    this.status = status;
    this.customer = customer;
  }

  public Customer getCustomer() {
    return customer;
  }
}

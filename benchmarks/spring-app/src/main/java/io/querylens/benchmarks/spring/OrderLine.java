package io.querylens.benchmarks.spring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class OrderLine {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  private Long id;

  @JsonIgnore @ManyToOne private PurchaseOrder order;

  private long productId;

  private int quantity;

  protected OrderLine() {}

  OrderLine(PurchaseOrder order, long productId, int quantity) {
    this.order = order;
    this.productId = productId;
    this.quantity = quantity;
  }

  public long getProductId() {
    return productId;
  }

  public int getQuantity() {
    return quantity;
  }
}

package io.querylens.benchmarks.spring;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Entity
public class PurchaseOrder {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY)
  private Customer customer;

  private String status;

  private BigDecimal total;

  private Instant createdAt;

  @OneToMany(mappedBy = "order", cascade = CascadeType.ALL)
  private List<OrderLine> lines = new ArrayList<>();

  protected PurchaseOrder() {}

  PurchaseOrder(Customer customer, Instant createdAt) {
    this.customer = customer;
    this.status = "new";
    this.total = BigDecimal.ZERO;
    this.createdAt = createdAt;
  }

  void add(long productId, int quantity, BigDecimal price) {
    lines.add(new OrderLine(this, productId, quantity));
    total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
  }

  public Long getId() {
    return id;
  }

  public String getStatus() {
    return status;
  }

  public BigDecimal getTotal() {
    return total;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public List<OrderLine> getLines() {
    return lines;
  }
}

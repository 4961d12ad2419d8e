package com.example.shop;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
public class OrderService {

  private final OrderRepository orders;

  public OrderService(OrderRepository orders) {
    this.orders = orders;
  }

  /** Who is waiting for an order: one statement, however many orders are open. */
  public List<String> customersWithOpenOrders() {
    return orders.findWithCustomersByStatus("OPEN").stream()
        .map(order -> order.getCustomer().getName())
        .toList();
  }

  /**
   * The same answer the way an N+1 loop gets it: one statement for the orders, then one per order
   * for its customer. The example's test shows QueryLens failing a test that calls it.
   */
  public List<String> customersWithOpenOrdersOneByOne() {
    return orders.findByStatus("OPEN").stream()
        .map(order -> order.getCustomer().getName())
        .toList();
  }
}

package com.example.shop;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {

  private final OrderService orders;

  public OrderController(OrderService orders) {
    this.orders = orders;
  }

  @GetMapping("/orders/open/customers")
  public List<String> customersWithOpenOrders() {
    return orders.customersWithOpenOrders();
  }
}

package io.querylens.benchmarks.spring;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The shop's API: what the benchmark's HTTP load calls, a mix of reads and one write. */
@RestController
class ShopController {

  private final CustomerRepository customers;
  private final OrderRepository orders;

  ShopController(CustomerRepository customers, OrderRepository orders) {
    this.customers = customers;
    this.orders = orders;
  }

  @GetMapping("/customers/{id}")
  @Transactional(readOnly = true)
  Map<String, Object> customer(@PathVariable long id) {
    Customer customer =
        customers.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    List<PurchaseOrder> recent = orders.findTop5ByCustomerIdOrderByCreatedAtDesc(id);
    return Map.of(
        "id", customer.getId(), "email", customer.getEmail(), "recentOrders", recent.size());
  }

  @GetMapping("/customers/{id}/open-orders")
  @Transactional(readOnly = true)
  List<PurchaseOrder> openOrders(@PathVariable long id) {
    return orders.withLines(id, "new");
  }

  @GetMapping("/countries/{country}/customers")
  @Transactional(readOnly = true)
  List<Customer> byCountry(@PathVariable String country) {
    return customers.findTop20ByCountryOrderByIdDesc(country);
  }

  @PostMapping("/customers/{id}/orders")
  @Transactional
  Map<String, Object> placeOrder(@PathVariable long id) {
    Customer customer = customers.getReferenceById(id);
    PurchaseOrder order = new PurchaseOrder(customer, Instant.now());
    for (int line = 0; line < 3; line++) {
      order.add(1 + (id * 7 + line * 13) % 500, 1 + line, BigDecimal.valueOf(9.99));
    }
    return Map.of("id", orders.save(order).getId());
  }
}

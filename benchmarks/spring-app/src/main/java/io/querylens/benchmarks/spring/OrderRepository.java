package io.querylens.benchmarks.spring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface OrderRepository extends JpaRepository<PurchaseOrder, Long> {

  List<PurchaseOrder> findTop5ByCustomerIdOrderByCreatedAtDesc(Long customerId);

  @Query(
      "select distinct o from PurchaseOrder o left join fetch o.lines"
          + " where o.customer.id = :customerId and o.status = :status")
  List<PurchaseOrder> withLines(Long customerId, String status);
}
